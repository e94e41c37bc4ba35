import { createContext, useContext } from 'react';
import type { Severity } from '../rules/descriptors';

/** The worst severity found on each node, for the card's marker. */
export const NodeProblemsContext = createContext<ReadonlyMap<string, Severity>>(new Map());

export const useNodeProblem = (id: string) => useContext(NodeProblemsContext).get(id);
