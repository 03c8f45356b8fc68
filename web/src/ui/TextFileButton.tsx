import { useRef, type ReactNode } from "react";

/**
 * A button that opens a file picker and hands the chosen file's text to `onText`; whatever
 * `onText` throws is passed to `onError` (a wrong or corrupted file is an everyday mistake).
 */
export function TextFileButton({
  children,
  accept = "application/json",
  onText,
  onError,
  className = "btn",
}: {
  children: ReactNode;
  accept?: string;
  onText: (text: string) => void;
  onError: (message: string) => void;
  className?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()}>
        {children}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (!file) return;
          try {
            onText(await file.text());
          } catch (error) {
            onError((error as Error).message);
          }
        }}
      />
    </>
  );
}
