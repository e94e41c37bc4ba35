import { nodeType } from './nodeRegistry';

/** A card's size before it has been drawn: wide enough for its outputs, tall enough for its summary. */
export function estimatedSize(type: string, config: Record<string, unknown>): { width: number; height: number } {
  const def = nodeType(type);
  const outputs = def ? def.outputs(config).length : 0;
  const lines = def ? Math.min(5, def.summary(config).length) : 0;
  return { width: Math.max(200, outputs * 70), height: 64 + lines * 16 + (outputs > 0 || def?.terminal ? 26 : 0) };
}

