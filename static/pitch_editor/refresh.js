// Redraws the part of the page it sits in (its fragment) when the pitch editor says the writer
// has stopped typing for a moment ("pitch-editor-settled" on the document). Draws nothing.
// A widget's own rerun waits for a running one to finish instead of cutting it short.
export default function (component) {
  const { setTriggerValue } = component;
  const onSettled = () => setTriggerValue("refresh", Date.now());
  document.addEventListener("pitch-editor-settled", onSettled);
  return () => document.removeEventListener("pitch-editor-settled", onSettled);
}
