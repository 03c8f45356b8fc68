import type { TaskManifest } from "./taskManifestSchema.ts";

/** A minimal valid manifest, for `crowdlabel manifest init`, docs and tests. */
export function exampleManifest(): TaskManifest {
  return {
    version: 1,
    title: "Cats or dogs",
    description: "Tell cats from dogs in pet photos.",
    instructions: "# Instructions\n\nPress the key of the animal you see. If the image shows neither or both, choose *cannot label*.",
    classes: [
      { id: 0, name: "cat", hotkey: "1", colour: "#e4572e" },
      { id: 1, name: "dog", hotkey: "2", colour: "#29335c" },
    ],
    examples: [],
    items: [
      { cid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", mediaType: "image/png", width: 64, height: 64, filename: "cat-001.png" },
    ],
    batchSize: 20,
  };
}
