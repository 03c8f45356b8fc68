// Runs in the page before the app (context.addInitScript, after `window.__labelingBenchConfig` is set):
// applies the workspace settings under test, records every keydown time and answers "how long from key i
// to the next displayed image". Plain JavaScript: tsx's transform would add helpers the page lacks.
(() => {
  const { mark, settings } = window.__labelingBenchConfig;
  if (settings) localStorage.setItem("crowdlabel.settings", settings);
  const keys = [];
  // Capture phase on window: runs before the workspace's own keydown listener.
  addEventListener("keydown", (event) => keys.push(event.timeStamp), { capture: true });
  const waiting = [];
  new PerformanceObserver(() => {
    for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i]()) waiting.splice(i, 1);
  }).observe({ type: "mark" });
  const latency = (index) => {
    const key = keys[index];
    if (key === undefined) return undefined;
    const shown = performance.getEntriesByName(mark).find((entry) => entry.startTime >= key);
    return shown ? shown.startTime - key : undefined;
  };
  window.__labelingBench = {
    keys,
    latencyAfterKey: (index) =>
      new Promise((resolve) => {
        const check = () => {
          const ms = latency(index);
          if (ms !== undefined) resolve(ms);
          return ms !== undefined;
        };
        if (!check()) waiting.push(check);
      }),
  };
})();
