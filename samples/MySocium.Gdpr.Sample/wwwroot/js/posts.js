import { callApi, goToLogin, onSubmit } from "./api.js";

const form = document.getElementById("post-form");
const list = document.getElementById("post-list");
const empty = document.getElementById("no-posts");

// textContent, never innerHTML: a post is user input.
function render(post) {
  const text = Object.assign(document.createElement("p"), { textContent: post.text });
  const time = Object.assign(document.createElement("time"), {
    dateTime: post.createdAt,
    textContent: new Date(post.createdAt).toLocaleString(),
  });
  const item = document.createElement("li");
  item.append(text, time);
  return item;
}

async function showPosts() {
  const result = await callApi("GET", "/api/posts");
  if (result.status === 401) {
    goToLogin();
    return;
  }
  if (!result.ok) {
    document.querySelector("[data-list-error]").textContent = `Your posts could not be loaded (HTTP ${result.status}).`;
    return;
  }
  list.replaceChildren(...result.data.map(render));
  empty.hidden = result.data.length > 0;
}

onSubmit(form, ["text"], async fields => {
  const result = await callApi("POST", "/api/posts", fields);
  if (result.ok) {
    list.prepend(render(result.data));
    empty.hidden = true;
    form.reset();
  }
  return result;
});

await showPosts();
