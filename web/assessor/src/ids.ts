// Record ids (UUID v4), made on the tablet and kept with what they identify.
export const newId = (): string => crypto.randomUUID();
