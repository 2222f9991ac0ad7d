package io.kafkaprediction.scoring.docs;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** {@code /docs} leads to the Swagger UI page, whose assets resolve relative to {@code /docs/}. */
@Controller
@Hidden
final class DocsController {

    @Get("/docs")
    HttpResponse<?> docs() {
        return HttpResponse.redirect(URI.create("/docs/index.html"));
    }
}
