"""Streamlit-side helpers shared by the pages (state, components). pitch_lib stays Streamlit-free."""
