/** Rough memory a request's event holds: a fixed part plus its bodies and path (journal entries carry bodies). */
export function requestWeight(bodyLength: number, answerLength: number, pathLength: number): number {
  return 512 + bodyLength + answerLength + pathLength;
}
