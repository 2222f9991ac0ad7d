/** The plain-Java tree evaluator: trees, objectives and the float math that makes it equal to XGBoost bit for bit. */
package io.kafkaprediction.scoring.model.evaluator;
