// A photo larger than needed, redrawn smaller before it is kept and sent: shared by the candidate
// app (APL-01's evidence, evidence_pick.ts) and the assessor app (evidence photos). DOM only (a
// canvas), no storage: each app decides what it keeps and which types and sizes it accepts.

// Redrawn as a JPEG of at most `longestSide` pixels unless the image is already that small and
// `fits` (the app's types and size limit); anything the browser cannot read comes back as it was.
export async function shrinkImage(file: Blob, longestSide: number, fits: (b: Blob) => boolean): Promise<Blob> {
  if (!file.type.startsWith("image/") || typeof createImageBitmap !== "function") return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, longestSide / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && fits(file)) return file;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b ?? file), "image/jpeg", 0.85));
  } catch {
    return file; // not an image the browser can read: the caller's type check decides
  }
}
