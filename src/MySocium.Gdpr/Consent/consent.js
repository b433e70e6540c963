// MySocium.Gdpr consent banner: posts the visitor's choice, hides the banner, and updates
// Google Consent Mode and the page's listeners. No dependencies, no build step.
(function () {
  "use strict";
  var banner = document.getElementById("gdpr-consent");
  if (!banner) { return; }

  function chosen(all) {
    var boxes = banner.querySelectorAll("input[name=category]:not([disabled])");
    var categories = [];
    for (var i = 0; i < boxes.length; i++) {
      if (all === true || (all !== false && boxes[i].checked)) { categories.push(boxes[i].value); }
    }
    return categories;
  }

  function decide(categories) {
    return fetch(banner.getAttribute("data-endpoint"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ categories: categories, method: banner.hasAttribute("data-reopened") ? "settingsPage" : "banner" })
    }).then(function (response) {
      if (!response.ok) { throw new Error("The consent decision was not saved (" + response.status + ")."); }
      return response.json();
    }).then(function (state) {
      banner.hidden = true;
      if (typeof window.gtag === "function") { window.gtag("consent", "update", state.googleConsentMode); }
      document.dispatchEvent(new CustomEvent("gdpr:consent", { detail: state }));
    });
  }

  banner.addEventListener("click", function (event) {
    var action = event.target.getAttribute && event.target.getAttribute("data-gdpr-consent");
    if (action === "accept") { decide(chosen(true)); }
    else if (action === "reject") { decide(chosen(false)); }
    else if (action === "save") { decide(chosen()); }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-gdpr-consent-open]")) {
      event.preventDefault();
      banner.setAttribute("data-reopened", "");
      banner.hidden = false;
    }
  });
})();
