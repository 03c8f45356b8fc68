import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { ImagesStep, checkChosenFile, readImageSize, type ReadImageSize } from "./ImagesStep.tsx";
import { useOwnerDraftStore } from "./useOwnerDraftStore.ts";
import { setTestConfig } from "../../test/testConfig.ts";
import type { UploadResult } from "../../lib/ipfs.ts";

const uploadToIpfs = vi.hoisted(() => vi.fn<typeof import("../../lib/ipfs.ts").uploadToIpfs>());
vi.mock("../../lib/ipfs.ts", async (importOriginal) => ({ ...(await importOriginal<typeof import("../../lib/ipfs.ts")>()), uploadToIpfs }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
beforeEach(() => useOwnerDraftStore.getState().reset());

function renderStep() {
  const { container } = render(<ImagesStep />);
  const fileInput = screen.getByTestId("file-input") as HTMLInputElement;
  const folderInput = container.querySelector("input[webkitdirectory]") as HTMLInputElement;
  const file = vi.spyOn(fileInput, "click").mockImplementation(() => undefined);
  const folder = vi.spyOn(folderInput, "click").mockImplementation(() => undefined);
  return { dropzone: screen.getByTestId("dropzone"), folderButton: screen.getByRole("button", { name: "Choose a folder…" }), file, folder };
}

describe("ImagesStep dropzone", () => {
  it("keeps the folder button out of the role=button dropzone (no nested interactive control)", () => {
    const { dropzone, folderButton } = renderStep();
    expect(dropzone.getAttribute("role")).toBe("button");
    expect(dropzone.contains(folderButton)).toBe(false);
  });

  it("Enter on the folder button opens the folder picker, not the file picker", () => {
    const { folderButton, file, folder } = renderStep();
    folderButton.focus();
    // A browser turns Enter on a button into a click; the keydown must not reach the dropzone's handler.
    fireEvent.keyDown(folderButton, { key: "Enter" });
    fireEvent.click(folderButton);
    expect(folder).toHaveBeenCalledTimes(1);
    expect(file).not.toHaveBeenCalled();
  });

  it("Space and Enter on the dropzone open the file picker and are not left to the browser (Space would scroll)", () => {
    const { dropzone, file, folder } = renderStep();
    expect(fireEvent.keyDown(dropzone, { key: " " })).toBe(false); // default prevented
    expect(fireEvent.keyDown(dropzone, { key: "Enter" })).toBe(false);
    expect(file).toHaveBeenCalledTimes(2);
    expect(folder).not.toHaveBeenCalled();
    // Other keys are left alone.
    expect(fireEvent.keyDown(dropzone, { key: "a" })).toBe(true);
    expect(file).toHaveBeenCalledTimes(2);
  });

  it("ignores Enter from an element inside the dropzone", () => {
    const { dropzone, file } = renderStep();
    fireEvent.keyDown(dropzone.querySelector("strong")!, { key: "Enter" });
    expect(file).not.toHaveBeenCalled();
  });

  it("Remove all asks first: the images, their examples and gold answers go only when confirmed", () => {
    const store = useOwnerDraftStore.getState();
    store.addImages([{ cid: "bafyA", name: "a.png", mediaType: "image/png", width: 8, height: 8, size: 10 }]);
    store.setGold(0, 1);
    setTestConfig(); // the thumbnails read images through the configured gateway
    render(<ImagesStep />);
    const ask = vi.spyOn(window, "confirm").mockReturnValueOnce(false).mockReturnValueOnce(true);
    fireEvent.click(screen.getByRole("button", { name: "Remove all" }));
    expect(ask).toHaveBeenCalledWith("Remove the image? Their examples and gold answers go too.");
    expect([useOwnerDraftStore.getState().images.length, useOwnerDraftStore.getState().gold]).toEqual([1, { 0: 1 }]);
    fireEvent.click(screen.getByRole("button", { name: "Remove all" }));
    expect([useOwnerDraftStore.getState().images.length, useOwnerDraftStore.getState().gold]).toEqual([0, {}]);
    ask.mockRestore();
  });
});

const png = (name: string, text = "not really an image, just text") => new File([text], name, { type: "image/png" });

function choose(files: File[]) {
  const input = screen.getByTestId("file-input");
  Object.defineProperty(input, "files", { value: files, configurable: true });
  fireEvent.change(input);
}

/** A browser that cannot decode the file: createImageBitmap rejects and <img> fires error. */
function stubUndecodableBrowser() {
  class FailingImage {
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    set src(_url: string) {
      setTimeout(() => this.onerror?.(), 0);
    }
  }
  vi.stubGlobal("createImageBitmap", vi.fn(async () => Promise.reject(new DOMException("The source image could not be decoded.", "InvalidStateError"))));
  vi.stubGlobal("Image", FailingImage);
  // jsdom has no object URLs.
  vi.stubGlobal(
    "URL",
    class extends URL {
      static override createObjectURL = () => "blob:notes";
      static override revokeObjectURL = () => undefined;
    },
  );
}

describe("ImagesStep: files that cannot be decoded", () => {
  const undecodable: ReadImageSize = async () => undefined;

  it("skips a file that does not decode, with the reason, instead of queueing it as 1×1", async () => {
    const file = png("notes.png");
    expect(await checkChosenFile(file, undecodable)).toEqual({ problem: "notes.png could not be read as an image: it is damaged or not the image its name says." });
    expect(await checkChosenFile(file, async () => ({ width: 640, height: 480 }))).toEqual({ entry: { file, width: 640, height: 480, status: "pending" } });
  });

  it("does not decode a file the type check refuses", async () => {
    const readSize = vi.fn(undecodable);
    const result = await checkChosenFile(new File(["x"], "notes.txt", { type: "text/plain" }), readSize);
    expect(result).toEqual({ problem: expect.stringContaining("notes.txt: text/plain is not a supported image") });
    expect(readSize).not.toHaveBeenCalled();
  });

  it("the browser decode gives no size when neither createImageBitmap nor <img> can decode the file", async () => {
    stubUndecodableBrowser();
    await expect(readImageSize(png("notes.png"))).resolves.toBeUndefined();
  });

  it("lists the undecodable file as skipped and queues nothing", async () => {
    stubUndecodableBrowser();
    render(<ImagesStep />);
    choose([png("notes.png")]);
    expect(await screen.findByText("1 file skipped")).toBeTruthy();
    expect(screen.getByText(/notes\.png could not be read as an image/)).toBeTruthy();
    expect(screen.queryByTestId("upload-queue")).toBeNull();
  });
});

describe("ImagesStep upload queue", () => {
  const decodes: ReadImageSize = async () => ({ width: 8, height: 8 });
  const added = (files: { name: string }[]): UploadResult[] => files.map((f) => ({ name: f.name, cid: `bafy-${f.name}`, size: 1 }));
  const queueText = () => screen.getByTestId("upload-queue").textContent;

  beforeEach(() => {
    setTestConfig(); // the thumbnails of uploaded images read through the configured gateway
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("no network in unit tests"))));
  });

  it("after a failed request, offers Retry for its images and uploads the rest (the queue stuck on 'Uploading…')", async () => {
    uploadToIpfs.mockRejectedValueOnce(new Error("The IPFS node at http://127.0.0.1:5001 is not answering.")).mockImplementation(async (files) => added(files));
    render(<ImagesStep readSize={decodes} />);
    choose(Array.from({ length: 17 }, (_, i) => png(`img${i + 1}.png`, "x")));
    expect(await screen.findByText("17 images ready to upload (17 B)")).toBeTruthy();

    fireEvent.click(screen.getByTestId("upload-button"));
    const retry = await screen.findByRole("button", { name: "Retry 16 failed" });
    expect((retry as HTMLButtonElement).disabled).toBe(false);
    expect(queueText()).toBe("16 images ready to upload (16 B)");
    expect(screen.getByText(/is not answering\. Nothing is lost: press Retry/)).toBeTruthy();
    expect(useOwnerDraftStore.getState().images.map((i) => i.name)).toEqual(["img17.png"]);

    fireEvent.click(retry);
    await waitFor(() => expect(useOwnerDraftStore.getState().images).toHaveLength(17));
    await waitFor(() => expect(screen.queryByTestId("upload-queue")).toBeNull());
    expect(uploadToIpfs.mock.calls.map(([files]) => files.length)).toEqual([16, 1, 16]);
  });

  it("after a successful upload, the queue is gone and the images are on IPFS (it still said 'Uploading 1 image…')", async () => {
    uploadToIpfs.mockImplementation(async (files) => added(files));
    render(<ImagesStep readSize={decodes} />);
    choose([png("cat.png")]);
    expect(await screen.findByText(/1 image ready to upload/)).toBeTruthy();
    fireEvent.click(screen.getByTestId("upload-button"));
    expect(await screen.findByText("1 image on IPFS")).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId("upload-queue")).toBeNull());
    expect(useOwnerDraftStore.getState().images).toEqual([{ cid: "bafy-cat.png", name: "cat.png", mediaType: "image/png", width: 8, height: 8, size: 30 }]);
  });

  it("says which image was left out as a copy of one already in the task (it was dropped without a word)", async () => {
    uploadToIpfs.mockImplementation(async (files) => files.map((f) => ({ name: f.name, cid: "bafy-same-bytes", size: 1 })));
    render(<ImagesStep readSize={decodes} />);
    choose([png("cat.png"), png("copy-of-cat.png")]);
    expect(await screen.findByText(/2 images ready to upload/)).toBeTruthy();
    fireEvent.click(screen.getByTestId("upload-button"));
    expect(await screen.findByText("1 file skipped")).toBeTruthy();
    expect(screen.getByText("copy-of-cat.png: the same image as cat.png, already in this task (a copy would be labeled and paid twice).")).toBeTruthy();
    expect(useOwnerDraftStore.getState().images.map((i) => i.name)).toEqual(["cat.png"]);
  });
});
