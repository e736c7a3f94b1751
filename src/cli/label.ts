import { makeMapVerb } from './map-verb.js';

export const verb = makeMapVerb('label');
