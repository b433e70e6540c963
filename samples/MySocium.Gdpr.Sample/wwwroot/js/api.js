// Calls the sample's JSON API and shows its errors next to the form fields they name.
// No antiforgery token: the session cookie is SameSite=Strict and every body is JSON.

/** Sends a request; resolves to { ok, status, data } with the parsed JSON body, if any. */
export async function callApi(method, url, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const isJson = /json/.test(response.headers.get("Content-Type") ?? "");
  return { ok: response.ok, status: response.status, data: isJson ? await response.json() : null };
}

/** Sends the user to the login page, to come back to this one. */
export function goToLogin() {
  location.assign(`/login?ReturnUrl=${encodeURIComponent(location.pathname)}`);
}

/**
 * Handles a form's submit: reads the named fields and calls submit(fields), which resolves to a
 * callApi result; a failed one is shown on the form.
 */
export function onSubmit(form, fieldNames, submit) {
  form.addEventListener("submit", async event => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const fields = Object.fromEntries(fieldNames.map(name => [name, form.elements.namedItem(name).value]));
      const result = await submit(fields);
      if (!result.ok) {
        showErrors(form, result);
      }
    } catch {
      showFormError(form, "The app could not be reached. Try again.");
    } finally {
      button.disabled = false;
    }
  });
}

function clearErrors(form) {
  for (const element of form.querySelectorAll("[data-error-for], [data-form-error]")) {
    element.textContent = "";
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
}

function showErrors(form, result) {
  let shown = false;
  for (const [field, messages] of Object.entries(result.data?.errors ?? {})) {
    const target = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    if (target) {
      target.textContent = messages.join(" ");
      form.elements.namedItem(field)?.setAttribute("aria-invalid", "true");
      shown = true;
    }
  }
  if (!shown) {
    showFormError(form, result.data?.detail ?? result.data?.title ?? `The request failed (HTTP ${result.status}).`);
  }
}

function showFormError(form, message) {
  form.querySelector("[data-form-error]").textContent = message;
}
