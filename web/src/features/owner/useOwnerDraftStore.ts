import { create } from "zustand";
import { persist } from "zustand/middleware";
import type { Hex } from "viem";
import { followOtherTabs, tabSharedPersist } from "../../lib/tabSharedStorage.ts";
import { colourFor, defaultSettings, type DraftClass, type DraftSettings } from "./wizardValidation.ts";

export type UploadedImage = { cid: string; name: string; mediaType: string; width: number; height: number; size: number };
export type DraftExample = { cid: string; mediaType: string; classId: number; note?: string };

export const OWNER_DRAFT_STORE = "crowdlabel.owner-draft";

export const wizardSteps = ["images", "classes", "instructions", "settings", "review"] as const;
export type WizardStep = (typeof wizardSteps)[number];

export { colourFor, defaultSettings } from "./wizardValidation.ts";

type DraftState = {
  step: WizardStep;
  images: UploadedImage[];
  classes: DraftClass[];
  instructions: string;
  examples: DraftExample[];
  settings: DraftSettings;
  /** item index -> class id: answers the owner keeps; only their hash goes on chain. */
  gold: Record<number, number>;
  /** The createTask transaction sent for this draft and not confirmed yet: no second one is offered meanwhile. */
  pendingCreate: PendingCreate | null;
  setStep: (step: WizardStep) => void;
  /** Adds the images not in the draft yet; returns those left out because their bytes (CID) are already in it. */
  addImages: (images: UploadedImage[]) => RepeatedImage[];
  removeImage: (cid: string) => void;
  clearImages: () => void;
  setClasses: (classes: DraftClass[]) => void;
  /** Removes a class; gold answers and examples follow their class to its new id (or go with it). */
  removeClass: (index: number) => void;
  setInstructions: (text: string) => void;
  setExamples: (examples: DraftExample[]) => void;
  patchSettings: (patch: Partial<DraftSettings>) => void;
  setGold: (item: number, classId: number | null) => void;
  setPendingCreate: (pending: PendingCreate | null) => void;
  reset: () => void;
};

/** An image left out of the draft: the same bytes as `sameAs`, already in it (a second copy would be a second paid item). */
export type RepeatedImage = { name: string; sameAs: string };

export type PendingCreate = { hash: Hex; goldCommitment: Hex; sentAt: number };

const initial = () => ({
  step: "images" as WizardStep,
  images: [] as UploadedImage[],
  classes: [
    { name: "cat", hotkey: "1", colour: colourFor(0) },
    { name: "dog", hotkey: "2", colour: colourFor(1) },
  ] as DraftClass[],
  instructions: "# Instructions\n\nPress the key of the class you see. If the image is unclear, choose **cannot label**.",
  examples: [] as DraftExample[],
  settings: defaultSettings(),
  gold: {} as Record<number, number>,
  pendingCreate: null as PendingCreate | null,
});

/** A draft's classes, gold answers and examples after removing class `index` (class ids above it move down by one). */
export function withoutClass(draft: Pick<DraftState, "classes" | "gold" | "examples">, index: number): Pick<DraftState, "classes" | "gold" | "examples"> {
  const moved = (id: number) => (id > index ? id - 1 : id);
  const gold: Record<number, number> = {};
  for (const [item, classId] of Object.entries(draft.gold)) if (classId !== index) gold[Number(item)] = moved(classId);
  return {
    classes: draft.classes.filter((_, i) => i !== index),
    gold,
    examples: draft.examples.filter((e) => e.classId !== index).map((e) => ({ ...e, classId: moved(e.classId) })),
  };
}

/** The create-task wizard's draft survives reloads (uploaded images are already on IPFS). */
export const useOwnerDraftStore = create<DraftState>()(
  persist(
    (set, get) => ({
      ...initial(),
      setStep: (step) => set({ step }),
      addImages: (images) => {
        const nameOf = new Map(get().images.map((i) => [i.cid, i.name]));
        const added: UploadedImage[] = [];
        const repeated: RepeatedImage[] = [];
        for (const image of images) {
          const sameAs = nameOf.get(image.cid);
          if (sameAs !== undefined) repeated.push({ name: image.name, sameAs });
          else {
            nameOf.set(image.cid, image.name);
            added.push(image);
          }
        }
        set((s) => ({ images: [...s.images, ...added] }));
        return repeated;
      },
      removeImage: (cid) => set((s) => ({ images: s.images.filter((i) => i.cid !== cid), gold: {} })),
      clearImages: () => set({ images: [], gold: {}, examples: [] }),
      setClasses: (classes) => set({ classes }),
      removeClass: (index) => set((s) => withoutClass(s, index)),
      setInstructions: (instructions) => set({ instructions }),
      setExamples: (examples) => set({ examples }),
      patchSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
      setGold: (item, classId) =>
        set((s) => {
          const gold = { ...s.gold };
          if (classId === null) delete gold[item];
          else gold[item] = classId;
          return { gold };
        }),
      setPendingCreate: (pendingCreate) => set({ pendingCreate }),
      reset: () => set(initial()),
    }),
    // One draft for every tab: each follows the others' writes, so a tab left open does not write back an older draft
    // (dropping images or gold answers added elsewhere) or create a task another tab already created.
    { version: 1, ...tabSharedPersist<DraftState>(OWNER_DRAFT_STORE, (_stored, next) => next) },
  ),
);
followOtherTabs(useOwnerDraftStore);
