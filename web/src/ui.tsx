// Small pieces every screen shares: the screen's heading (focused when the screen opens, so a
// screen reader says where the person is) and a polite status line.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export function Heading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function Notice({ children, kind = "info" }: { children: ComponentChildren; kind?: "info" | "error" }) {
  return (
    <p class={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </p>
  );
}
