import { describe, expect, it } from "vitest";
import { defaultSettings } from "./useOwnerDraftStore.ts";
import { checkImageFile, nextHotkey, parseAmount, settingsBlocker, validateClasses, validateSettings } from "./wizardValidation.ts";

const now = 1_800_000_000;
const ctx = { itemCount: 100, decimals: 18, now };

describe("wizard validation", () => {
  it("accepts supported images and rejects other types, empty and oversized files", () => {
    expect(checkImageFile({ name: "a.png", type: "image/png", size: 1000 })).toBeUndefined();
    expect(checkImageFile({ name: "a.txt", type: "text/plain", size: 10 })).toMatch(/not a supported image/);
    expect(checkImageFile({ name: "a.png", type: "image/png", size: 0 })).toMatch(/empty/);
    expect(checkImageFile({ name: "big.jpg", type: "image/jpeg", size: 11 * 1024 * 1024 })).toMatch(/10 MiB/);
  });

  it("needs two classes with unique names and hotkeys", () => {
    expect(validateClasses([{ name: "cat", hotkey: "1", colour: "#000000" }]).classes).toBeDefined();
    const errors = validateClasses([
      { name: "cat", hotkey: "1", colour: "#000000" },
      { name: "Cat", hotkey: "1", colour: "#00000" },
      { name: " ", hotkey: "Q", colour: "#123456" },
    ]);
    // Classes are numbered as the classes table shows them: from 0.
    expect(errors["classes.1.name"]).toBe("Same name as class 0.");
    expect(errors["classes.1.hotkey"]).toBe("Used by class 0.");
    expect(errors["classes.1.colour"]).toBeDefined();
    expect(errors["classes.2.name"]).toBeDefined();
    expect(errors["classes.2.hotkey"]).toMatch(/0-9 or a-z/);
    expect(validateClasses([{ name: "a", hotkey: "1", colour: "#000000" }, { name: "b", hotkey: "b", colour: "#ffffff" }])).toEqual({});
  });

  it("a later duplicate names the first class with that hotkey or name, by its table number", () => {
    const errors = validateClasses([
      { name: "a", hotkey: "1", colour: "#000000" },
      { name: "b", hotkey: "2", colour: "#000000" },
      { name: "c", hotkey: "3", colour: "#000000" },
      { name: "B", hotkey: "2", colour: "#000000" },
    ]);
    expect(errors).toEqual({ "classes.3.name": "Same name as class 1.", "classes.3.hotkey": "Used by class 1." });
  });

  it("the settings blocker names the fields to fix by their labels, in form order", () => {
    expect(settingsBlocker({})).toBeNull();
    expect(settingsBlocker({ deadline: "Must be in the future." })).toBe("Fix this setting: Deadline.");
    expect(settingsBlocker(validateSettings({ ...defaultSettings(now), title: "", reward: "0", revealWindowMinutes: 1 }, ctx))).toBe(
      "Fix these 3 settings: Title, Reward per agreeing label, Reveal window (min).",
    );
  });

  it("suggests the next free hotkey", () => {
    expect(nextHotkey(["1", "2"])).toBe("3");
    expect(nextHotkey("1234567890".split(""))).toBe("a");
  });

  it("accepts the default settings with a title", () => {
    expect(validateSettings({ ...defaultSettings(now), title: "Cats" }, ctx)).toEqual({});
  });

  it("checks redundancy, agreement, reward, windows, deadline and gate", () => {
    const s = { ...defaultSettings(now), title: "" };
    expect(validateSettings(s, ctx).title).toBeDefined();
    expect(validateSettings({ ...s, title: "x", redundancy: 0 }, ctx).redundancy).toBeDefined();
    expect(validateSettings({ ...s, title: "x", redundancy: 3, maxRedundancy: 2 }, ctx).maxRedundancy).toBeDefined();
    expect(validateSettings({ ...s, title: "x", maxRedundancy: 16 }, ctx).maxRedundancy).toBeDefined();
    expect(validateSettings({ ...s, title: "x", minAgreement: 6, maxRedundancy: 5 }, ctx).minAgreement).toBeDefined();
    expect(validateSettings({ ...s, title: "x", redundancy: 2, maxRedundancy: 2, minAgreement: 3 }, ctx).minAgreement).toBeDefined();
    expect(validateSettings({ ...s, title: "x", reward: "0" }, ctx).reward).toBeDefined();
    expect(validateSettings({ ...s, title: "x", reward: "abc" }, ctx).reward).toBeDefined();
    expect(validateSettings({ ...s, title: "x", reward: "1".padEnd(40, "0") }, ctx).reward).toBeDefined();
    expect(validateSettings({ ...s, title: "x", bond: "-1" }, ctx).bond).toBeDefined();
    expect(validateSettings({ ...s, title: "x", claimTtlMinutes: 0 }, ctx).claimTtlMinutes).toBeDefined();
    expect(validateSettings({ ...s, title: "x", deadline: now - 10 }, ctx).deadline).toBeDefined();
    expect(validateSettings({ ...s, title: "x", minAgreementPercent: 120 }, ctx).minAgreementPercent).toBeDefined();
    // The gate is stored as uint32 labels and basis points: what does not fit is refused, not wrapped or rounded.
    expect(validateSettings({ ...s, title: "x", minLabelsRevealed: 5_000_000_000 }, ctx).minLabelsRevealed).toBe("At most 4,294,967,295 (the contract stores it in 32 bits).");
    expect(validateSettings({ ...s, title: "x", minLabelsRevealed: 2 ** 32 - 1 }, ctx).minLabelsRevealed).toBeUndefined();
    for (const percent of [0.004, 33.335]) expect(validateSettings({ ...s, title: "x", minAgreementPercent: percent }, ctx).minAgreementPercent).toMatch(/^At most two decimals/);
    for (const percent of [33.33, 0.07, 12.5]) expect(validateSettings({ ...s, title: "x", minAgreementPercent: percent }, ctx).minAgreementPercent).toBeUndefined();
    expect(validateSettings({ ...s, title: "x", batchSize: 257 }, ctx).batchSize).toBeDefined();
  });

  it("holds windows to the contract's bounds: 10 minutes at least, uint32 seconds at most, commit window >= claim time", () => {
    const s = { ...defaultSettings(now), title: "x" };
    expect(validateSettings(s, ctx)).toEqual({});
    expect(validateSettings({ ...s, claimTtlMinutes: 9, commitWindowMinutes: 9, revealWindowMinutes: 9 }, ctx)).toEqual({
      claimTtlMinutes: "At least 10 minutes.",
      commitWindowMinutes: "At least 10 minutes.",
      revealWindowMinutes: "At least 10 minutes.",
    });
    expect(validateSettings({ ...s, claimTtlMinutes: 90, commitWindowMinutes: 60 }, ctx)).toEqual({ commitWindowMinutes: "At least the time to commit a claim." });
    expect(validateSettings({ ...s, claimTtlMinutes: 80_000_000, commitWindowMinutes: 80_000_000 }, ctx).claimTtlMinutes).toBe("At most 71,582,788 minutes.");
    expect(validateSettings({ ...s, bond: "100000000000" }, ctx).bond).toBe("Too large.");
  });

  it("refuses more decimals than the token has, instead of rounding them away", () => {
    const s = { ...defaultSettings(now), title: "x" };
    const six = { ...ctx, decimals: 6 };
    expect(validateSettings({ ...s, reward: "0.0000015" }, six).reward).toBe("At most 6 decimals (the token's).");
    expect(validateSettings({ ...s, reward: "1.5", bond: "1.23456789" }, six)).toEqual({ bond: "At most 6 decimals (the token's)." });
    expect(validateSettings({ ...s, reward: " 0.000001 " }, six)).toEqual({});
    expect(parseAmount("1.234567", 6)).toBe(1_234_567n);
    expect(parseAmount("1.2345678", 6)).toBeUndefined();
  });

  it("needs a deadline that leaves time to claim: a claim's whole time to commit, and 10 minutes more", () => {
    const s = { ...defaultSettings(now), title: "x", claimTtlMinutes: 60, commitWindowMinutes: 120 };
    expect(validateSettings({ ...s, deadline: now + 30 * 60 }, ctx).deadline).toBe("Leave annotators time to claim: at least the time to commit (60 minutes) and 10 more from now.");
    expect(validateSettings({ ...s, deadline: now + 69 * 60 }, ctx).deadline).toBeDefined();
    expect(validateSettings({ ...s, deadline: now + 70 * 60 }, ctx)).toEqual({});
  });

  it("parses token amounts exactly", () => {
    expect(parseAmount("0.5", 18)).toBe(500_000_000_000_000_000n);
    expect(parseAmount("1.25", 6)).toBe(1_250_000n);
    expect(parseAmount("1e3", 18)).toBeUndefined();
    expect(parseAmount("", 18)).toBeUndefined();
  });
});
