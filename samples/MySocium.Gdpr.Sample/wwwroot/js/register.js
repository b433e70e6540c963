import { callApi, onSubmit } from "./api.js";

const form = document.getElementById("register-form");

onSubmit(form, ["userName", "email", "password", "displayName", "phone"], async fields => {
  const result = await callApi("POST", "/api/account/register", fields);
  if (result.ok) {
    // Registration does not sign in; log in with the same credentials so the user lands on the profile.
    const login = await callApi("POST", "/api/account/login", { login: fields.userName, password: fields.password });
    location.assign(login.ok ? "/profile" : "/login");
  }
  return result;
});
