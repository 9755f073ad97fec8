// The demo page's own script: writes this deployment's address into the embed snippet and lets the
// visitor switch the widget between server and device mode.
document.querySelectorAll<HTMLElement>("[data-snippet]").forEach((code) => {
  code.textContent = (code.textContent ?? "").replaceAll("https://YOUR-DEPLOYMENT", location.origin);
});

const widget = document.querySelector("lmi-predict");
const toggle = document.querySelector<HTMLInputElement>("#device-mode");
toggle?.addEventListener("change", () => widget?.setAttribute("mode", toggle.checked ? "device" : "server"));
