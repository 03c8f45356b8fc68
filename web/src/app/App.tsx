import "@rainbow-me/rainbowkit/styles.css";
import { useMemo, useSyncExternalStore } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { WagmiProvider } from "wagmi";
import { RainbowKitProvider, darkTheme, lightTheme } from "@rainbow-me/rainbowkit";
import { RouterProvider } from "react-router";
import { getConfig } from "../config/appConfig.ts";
import { createWagmiConfig } from "../config/wagmi.ts";
import { router } from "./router.tsx";
import { useSettingsStore } from "../ui/useSettingsStore.ts";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 2_000, refetchOnWindowFocus: true, retry: 1 },
  },
});

function subscribeScheme(cb: () => void) {
  const mq = window.matchMedia("(prefers-color-scheme: dark)");
  mq.addEventListener("change", cb);
  return () => mq.removeEventListener("change", cb);
}

function useDark(): boolean {
  const theme = useSettingsStore((s) => s.theme);
  const systemDark = useSyncExternalStore(subscribeScheme, () => window.matchMedia("(prefers-color-scheme: dark)").matches);
  return theme === "dark" || (theme === "system" && systemDark);
}

export function App() {
  const wagmiConfig = useMemo(() => createWagmiConfig(getConfig()), []);
  const dark = useDark();
  const rkTheme = dark
    ? darkTheme({ accentColor: "#818cf8", accentColorForeground: "#0e0e11", borderRadius: "medium" })
    : lightTheme({ accentColor: "#4f46e5", borderRadius: "medium" });
  return (
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={queryClient}>
        <RainbowKitProvider theme={rkTheme} modalSize="compact" appInfo={{ appName: "Crowdlabel" }}>
          <RouterProvider router={router} />
        </RainbowKitProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}
