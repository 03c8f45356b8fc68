// Injected into every page before its own scripts (see injectedWallet.ts): an EIP-1193 provider at
// window.ethereum whose requests go to the test process through the __crowdlabelWallet binding and
// whose events the test fires through __crowdlabelWalletEmit. Plain JavaScript: it is not transpiled.
(() => {
  const listeners = new Map();
  const provider = {
    isCrowdlabelE2E: true,
    async request(args) {
      const reply = JSON.parse(await window.__crowdlabelWallet(JSON.stringify({ method: args.method, params: args.params ?? [] })));
      if (reply.error) throw Object.assign(new Error(reply.error.message), reply.error);
      return reply.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return provider;
    },
    once(event, listener) {
      const wrapped = (payload) => {
        provider.removeListener(event, wrapped);
        listener(payload);
      };
      return provider.on(event, wrapped);
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
    removeAllListeners(event) {
      if (event) listeners.delete(event);
      else listeners.clear();
      return provider;
    },
  };
  provider.addListener = provider.on;
  provider.off = provider.removeListener;
  window.__crowdlabelWalletEmit = (event, payload) => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
  };
  window.ethereum = provider;
})();
