// The "My account" disclosure works without this file; with it, Escape and a click elsewhere
// close it, as people expect of anything that opens over the page.
document.addEventListener("keydown", (event) => {
  const menu = event.target.closest && event.target.closest("details.account-menu[open]");
  if (event.key === "Escape" && menu) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details.account-menu[open]")) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});
