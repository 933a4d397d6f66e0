// While a batch runs in the background, poll its progress (a little JSON) and redraw the bar;
// when it has ended, show the outcome and load the page again to show the whole result. Closing
// the page stops only the polling: the preview or import goes on in its task.
(() => {
  const box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch) return;
  const bar = box.querySelector("progress");
  const label = box.querySelector("[data-label]");
  let failures = 0;

  const show = (state) => {
    if (!state.running) {
      label.textContent = state.outcome;
      bar.max = 1;
      bar.value = 1;
      window.setTimeout(() => window.location.reload(), 800);
      return false;
    }
    if (state.total) {
      bar.max = state.total;
      bar.value = state.done;
      label.textContent = `${state.stage} ${state.done} / ${state.total}${state.detail ? `：${state.detail}` : ""}`;
    } else {
      label.textContent = state.stage === "排队" ? "等待后台任务开始…" : `${state.stage}…`;
    }
    return true;
  };

  const poll = async () => {
    try {
      const response = await fetch(box.dataset.progressUrl, { credentials: "same-origin" });
      if (!response.ok) throw new Error(response.status);
      failures = 0;
      if (!show(await response.json())) return;
    } catch (error) {
      failures += 1;
      if (failures >= 5) {
        label.textContent = "暂时无法获取进度（网络或登录已过期），请稍后刷新页面查看；导入仍在后台进行。";
      }
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 500);
})();
