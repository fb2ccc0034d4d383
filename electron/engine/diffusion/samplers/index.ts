/** Every sampler by its wire name (common/diffusion.ts SAMPLER_NAMES); each file has the same interface (types.ts). */
import type { SamplerName } from '../../../common/diffusion.js';
import { ddim } from './ddim.js';
import { ddpm } from './ddpm.js';
import { dpmSolverPp2m } from './dpm-solver-pp-2m.js';
import type { SamplerFactory } from './types.js';

export const SAMPLERS: Record<SamplerName, SamplerFactory> = { ddpm, ddim, 'dpm-solver-pp': dpmSolverPp2m };

export type { Sampler, SamplerFactory, SamplerOptions, StepState } from './types.js';
