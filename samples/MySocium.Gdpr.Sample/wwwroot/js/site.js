import { callApi } from "./api.js";

document.getElementById("logout")?.addEventListener("click", async () => {
  await callApi("POST", "/api/account/logout");
  location.assign("/");
});
