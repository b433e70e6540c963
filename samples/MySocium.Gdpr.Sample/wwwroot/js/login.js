import { callApi, onSubmit } from "./api.js";

const form = document.getElementById("login-form");

// Only a path on this site: an absolute or protocol-relative ReturnUrl would make an open redirect.
function returnUrl() {
  const value = new URLSearchParams(location.search).get("ReturnUrl");
  return value && /^\/(?![/\\])/.test(value) ? value : "/profile";
}

onSubmit(form, ["login", "password"], async fields => {
  const result = await callApi("POST", "/api/account/login", fields);
  if (result.ok) {
    location.assign(returnUrl());
  }
  return result;
});
