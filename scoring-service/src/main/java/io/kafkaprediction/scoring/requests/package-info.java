/** Request decoding: reading JSON bodies strictly in their declared charset, refusing encodings the service cannot read. */
package io.kafkaprediction.scoring.requests;
