// A "Copy" button: puts data.text on the clipboard as plain text and says so.
export default function (component) {
  const { data, parentElement } = component;
  const d = data || {};
  let button = parentElement.querySelector("button");
  if (!button) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "pe-btn";
    button.setAttribute("data-testid", "copy-pitch");
    const said = document.createElement("span");
    said.className = "pe-said";
    said.setAttribute("role", "status");
    parentElement.append(button, said);
    button.addEventListener("click", async () => {
      const text = button.__text || "";
      let ok = false;
      try {
        await navigator.clipboard.writeText(text);
        ok = true;
      } catch (err) {
        // Without clipboard permission (an insecure origin): the old way, through a selection.
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        parentElement.appendChild(area);
        area.select();
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        area.remove();
      }
      said.textContent = ok ? " Copied." : " Could not copy: select the text and copy it.";
    });
  }
  button.__text = String(d.text || "");
  button.textContent = d.label || "Copy";
}
