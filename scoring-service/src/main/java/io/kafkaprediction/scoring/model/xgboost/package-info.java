/** The native XGBoost4J engine: reference predictions and SHAP contributions on a shared Booster. */
package io.kafkaprediction.scoring.model.xgboost;
