export function loadEnv(): void
export function saveEnv(values: Record<string, string>): void
