/** Types for ml-logistic-regression 2.x, which ships none: what src/services/learning.ts uses. */
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    /** One classifier per class, one against the rest; with classes 0 and 1 the first models P(y = 1). */
    classifiers: { weights: Matrix | null }[];
    train(features: Matrix, target: Matrix): void;
    predict(features: Matrix): number[];
  }
}
