import { callApi, goToLogin, onSubmit } from "./api.js";

const profile = document.getElementById("profile");

async function showProfile() {
  const result = await callApi("GET", "/api/account/me");
  if (result.status === 401) {
    goToLogin();
    return;
  }
  if (!result.ok) {
    document.querySelector("[data-profile-error]").textContent = `Your profile could not be loaded (HTTP ${result.status}).`;
    return;
  }
  for (const field of profile.querySelectorAll("[data-field]")) {
    const value = result.data[field.dataset.field];
    field.textContent = field.dataset.field === "createdAt" ? new Date(value).toLocaleString() : value ?? "—";
  }
  profile.removeAttribute("aria-busy");
}

function showReceipt(receipt) {
  document.getElementById("account").hidden = true;
  const deleted = document.getElementById("deleted");
  const erasedAt = deleted.querySelector("[data-erased-at]");
  erasedAt.dateTime = receipt.at;
  erasedAt.textContent = new Date(receipt.at).toLocaleString();
  const rows = receipt.steps.map(step => {
    const row = document.createElement("tr");
    for (const text of [step.entity, step.action, String(step.rows)]) {
      row.append(Object.assign(document.createElement("td"), { textContent: text }));
    }
    return row;
  });
  deleted.querySelector("[data-erased-rows]").replaceChildren(...rows);
  deleted.querySelector("[data-receipt-id]").textContent = receipt.id;
  document.getElementById("logout")?.closest("ul")?.replaceChildren();
  deleted.hidden = false;
}

const passwordForm = document.getElementById("password-form");
onSubmit(passwordForm, ["currentPassword", "newPassword"], async fields => {
  const result = await callApi("POST", "/api/account/password", fields);
  passwordForm.querySelector("[data-password-changed]").hidden = !result.ok;
  if (result.ok) {
    passwordForm.reset();
  }
  return result;
});

onSubmit(document.getElementById("delete-form"), ["password"], async fields => {
  const result = await callApi("DELETE", "/api/account", fields);
  if (result.ok) {
    showReceipt(result.data);
  }
  return result;
});

await showProfile();
