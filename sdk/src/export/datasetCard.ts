import { getAddress } from "viem";
import type { DatasetSource } from "./DatasetSource.ts";
import type { DatasetStats } from "./datasetStats.ts";

/** Upper bounds of the Hugging Face Hub's `size_categories` tags (as `datasets`' size_categories_parser). */
const sizeCategories: readonly [number, string][] = [
  [1e3, "n<1K"],
  [1e4, "1K<n<10K"],
  [1e5, "10K<n<100K"],
  [1e6, "100K<n<1M"],
  [1e7, "1M<n<10M"],
  [1e8, "10M<n<100M"],
  [1e9, "100M<n<1B"],
  [1e10, "1B<n<10B"],
  [1e11, "10B<n<100B"],
  [1e12, "100B<n<1T"],
];

/** The Hugging Face `size_categories` tag of a dataset of `recordCount` examples. */
export function sizeCategory(recordCount: number): string {
  return sizeCategories.find(([bound]) => recordCount < bound)?.[1] ?? "n>1T";
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pooledNote = (tasks: readonly bigint[] = []) =>
  tasks.length === 0 ? "" : `, its annotator model fitted together with task${tasks.length === 1 ? "" : "s"} ${tasks.join(", ")}`;
const goldLine = (gold: DatasetStats["gold"]) =>
  gold === null
    ? ""
    : `- Gold: the owner answered ${gold.items} image${gold.items === 1 ? "" : "s"} in advance (committed at creation, revealed on chain). Consensus matches ${gold.consensusCorrect} of the ${gold.resolved} resolved${gold.resolved ? ` (${pct(gold.consensusCorrect / gold.resolved)})` : ""}${gold.dsCorrect === null ? "" : `; Dawid-Skene ${gold.dsCorrect} of the ${gold.labelled} labelled`}.\n`;
/**
 * A YAML double-quoted scalar. JSON's string syntax is one, but it leaves DEL, the C1 controls and the line and paragraph
 * separators raw: PyYAML (what `huggingface_hub` reads cards with) refuses DEL and reads U+0085 as a line break.
 */
const yamlString = (s: string) => JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
const svgLine = (n: number) =>
  n === 0
    ? ""
    : `- ${n} SVG image${n === 1 ? "" : "s"} with consensus ${n === 1 ? "is" : "are"} not in this dataset: the \`imagefolder\` loader reads raster images only. The JSONL, CSV and COCO exports list ${n === 1 ? "it" : "them"} by CID.\n`;
const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

/**
 * A dataset card (README.md, Hugging Face style with YAML front matter) describing the classes,
 * counts, agreement and on-chain provenance of an export. `recordCount` is the number of examples the
 * export ships (its size category); addresses are written checksummed whatever case the source has.
 */
export function datasetCard(options: {
  source: DatasetSource;
  stats: DatasetStats;
  recordCount: number;
  /** Images with consensus the export leaves out for being SVG (the HF export: `datasets` does not load them). */
  svgLeftOut?: number;
  license?: string;
  pooledWith?: readonly bigint[];
}): string {
  const { source, stats } = options;
  const { task, manifest } = source;
  const classRows = stats.classCounts.map((c) => `| ${c.classId} | ${cell(c.name)} | ${c.count} |`);
  return `---
license: ${yamlString(options.license ?? "other")}
task_categories:
  - image-classification
pretty_name: ${yamlString(manifest.title)}
size_categories:
  - ${sizeCategory(options.recordCount)}
tags:
  - crowdlabel
  - crowdsourced
---

# ${manifest.title}

${manifest.description}

Labeled on Crowdlabel by ${stats.annotatorCount} annotators with commit-reveal on chain;
each label in this dataset can be checked against the chain (see *Provenance*).

## Classes

| id | name | items (consensus) |
|---:|---|---:|
${classRows.join("\n")}

\`${stats.classCounts.at(-1)?.name}\` (id ${task.classCount}) is the implicit "cannot label / invalid image" answer.

## Counts and agreement

- Items: ${stats.itemCount}; resolved (consensus reached): ${stats.resolvedCount} (${pct(stats.itemCount ? stats.resolvedCount / stats.itemCount : 0)}). Unresolved items have no label here.
${svgLine(options.svgLeftOut ?? 0)}- Labels revealed: ${stats.labelCount} (${stats.meanVotesPerItem.toFixed(2)} per item); redundancy ${task.redundancy} per item, up to ${task.maxRedundancy} with adaptive rounds.
- Consensus rule: per item, the unique most voted class with at least ${task.minAgreement} votes (the contract's rule; binding, used for payouts).
- Agreement of labels with consensus on resolved items: ${pct(stats.agreementWithConsensus)}.
${stats.dsAgreementWithConsensus === null ? "" : `- Dawid-Skene (EM over all revealed labels${pooledNote(options.pooledWith)}, not binding) agrees with consensus on ${pct(stats.dsAgreementWithConsensus)} of resolved items; its class and posterior are in the JSONL export.\n`}${goldLine(stats.gold)}
## Provenance

- Chain id: ${task.chainId}
- Contract: \`${getAddress(task.contract)}\`
- Task id: ${task.id}
- Reward token: \`${getAddress(task.token)}\`; owner \`${getAddress(task.owner)}\`
- Manifest CID: \`${source.manifestCid}\`
- Finalisations: ${stats.finalisationCount}${stats.firstFinaliseBlock === null ? "" : ` (blocks ${stats.firstFinaliseBlock}–${stats.lastFinaliseBlock})`}

Every image is stored under its IPFS CID and was verified against it when exported. To check this
export against the chain: \`crowdlabel verify <export.jsonl> --task ${task.id}\`.

## Instructions given to annotators

${manifest.instructions}
`;
}
