/** XGBoost model documents: reading JSON and UBJ with exact float32 values, and the checked model spec. */
package io.kafkaprediction.scoring.model.format;
