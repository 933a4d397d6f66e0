// Progress bar for long imports: the form is sent with fetch, the server streams one JSON
// line per step ({stage, done, total}) and ends with {redirect}. Without fetch streaming the
// form is submitted normally and the page simply loads when the work is done.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-progress]");
  if (!form || !window.fetch || !window.ReadableStream || !window.TextDecoder) return;
  event.preventDefault();
  const box = document.getElementById(form.dataset.progress);
  const bar = box.querySelector("progress");
  const label = box.querySelector("[data-label]");
  box.hidden = false;
  form.querySelectorAll("button").forEach((button) => { button.disabled = true; });

  const show = (message) => {
    if (message.total) {
      bar.max = message.total;
      bar.value = message.done;
      label.textContent = `${message.stage} ${message.done} / ${message.total}`;
    }
    if (message.error) label.textContent = message.error;
    if (message.redirect) window.location.assign(message.redirect);
  };

  let response;
  try {
    response = await fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Progress": "ndjson" },
    });
  } catch (error) {
    label.textContent = "网络连接中断，请刷新页面查看导入状态。";
    return;
  }
  if (!(response.headers.get("Content-Type") || "").includes("ndjson")) {
    form.submit();  // the form has errors: let the page show them as usual
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (line) show(JSON.parse(line));
    }
  }
});
