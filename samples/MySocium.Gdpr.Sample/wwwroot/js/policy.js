import { callApi, goToLogin, onSubmit } from "./api.js";

const form = document.getElementById("policy-form");
const list = document.getElementById("version-list");
const current = document.getElementById("current-version");

// textContent, never innerHTML: the summary is user input.
function render(version) {
  const title = Object.assign(document.createElement("p"), {
    textContent: `${version.version}, in effect from ${new Date(version.effectiveAt).toLocaleString()}`,
  });
  const summary = Object.assign(document.createElement("p"), { textContent: version.summary });
  const item = document.createElement("li");
  item.append(title, summary);
  return item;
}

async function showVersions() {
  const result = await callApi("GET", "/api/policy/versions");
  if (result.status === 401) {
    goToLogin();
    return;
  }
  if (!result.ok) {
    document.querySelector("[data-list-error]").textContent = `The versions could not be loaded (HTTP ${result.status}).`;
    return;
  }
  current.textContent = result.data.current ?? "the configured version (none published yet)";
  list.replaceChildren(...result.data.versions.map(render));
}

// The form is there only for a user who may publish.
if (form) {
  onSubmit(form, ["version", "effectiveAt", "summary", "text"], async fields => {
    const result = await callApi("POST", "/api/policy/versions", fields);
    if (result.ok) {
      form.reset();
      await showVersions();
    }
    return result;
  });
}

await showVersions();
