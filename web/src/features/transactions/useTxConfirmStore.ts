import { create } from "zustand";
import type { ReactNode } from "react";

export type TxFact = { label: string; value: ReactNode };

/** What a transaction does, shown before the wallet is asked to sign. */
export type TxExplanation = {
  title: string;
  /** One or two sentences: what it does, in the domain's words. */
  summary: ReactNode;
  /** Amounts, bonds, budgets, counts. */
  facts?: TxFact[];
  /** E.g. "Step 1 of 2". */
  step?: string;
  warning?: ReactNode;
  /** Label of the confirm button (default: "Sign in wallet"). */
  confirmLabel?: string;
  /** Signing a message instead of sending a transaction (no gas, no fee). */
  signatureOnly?: boolean;
};

type ConfirmState = {
  request: (TxExplanation & { resolve: (ok: boolean) => void }) | null;
  ask: (explanation: TxExplanation) => Promise<boolean>;
  answer: (ok: boolean) => void;
};

export const useTxConfirmStore = create<ConfirmState>()((set, get) => ({
  request: null,
  ask: (explanation) =>
    new Promise<boolean>((resolve) => {
      get().request?.resolve(false);
      set({ request: { ...explanation, resolve } });
    }),
  answer: (ok) => {
    const request = get().request;
    set({ request: null });
    request?.resolve(ok);
  },
}));
