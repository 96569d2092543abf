//! The OpenAPI 3 document, assembled from the route annotations of every resource module, so
//! it cannot drift from the routes actually served.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Title, description and security schemes; paths come from the routers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "统一工单中心 Unified Work Order Center",
        description = "Envelope `{code,msg,data}` or `{code,msg,total,rows}`. Codes: 200 success, \
4000 wrong calling mode (HTTP 400), 4001 no permission (403; 401 for a wrong login, 429 when \
logins are throttled), 4002 account disabled (403), 4004 invalid or expired accessToken (401), \
404 not found, 409 conflict, 4101 parameter error naming every field (400; 413 for bodies over \
2 MB), 4200 user not found (404), 5003 database failure (500). Messages are Chinese by default, \
English with `Accept-Language: en`. Lists take `pageNum` (or `pageNo`) and `pageSize` (at most 100)."
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "auth", description = "Access tokens"),
        (name = "catalog", description = "Public lookups (app/service headers)"),
        (name = "system", description = "Administration (admin bearer token)"),
        (name = "operations", description = "Metrics"),
        (name = "workflow", description = "Process definitions, instances and tasks (app/service headers)"),
        (name = "workorder", description = "Work orders: create, read, close, evaluate, print (app/service headers)"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("accessToken from POST /auth/login"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "app",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "appID",
                "Front-end app: headers requestType: app, appID, secretKey, accessToken and \
                 Authorization (Bearer <token> or the bare token, equal to accessToken)",
            ))),
        );
        components.add_security_scheme(
            "service",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "serverID",
                "Back-end service: headers requestType: service, serverID, secretKey, accessToken",
            ))),
        );
    }
}
