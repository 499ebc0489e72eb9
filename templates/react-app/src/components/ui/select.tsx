import type { ComponentProps } from "react";
import { cn } from "../../lib/utils";
import { fieldClasses } from "./input";

/** A native <select>, styled: <Select value={v} onChange={…}><option value="a">A</option></Select>. */
export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(fieldClasses, "h-10", className)} {...props} />;
}
