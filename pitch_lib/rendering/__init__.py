"""What the app shows, built as plain values: HTML from escaped parts, and Altair charts."""
