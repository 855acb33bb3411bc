//! `GET /readyz`: whether this instance works as configured. For now the state of the
//! shared limits (`--redis-url`): `off`, `connected`, or `unreachable` (the instance
//! still serves, limiting on its own). Always 200: an instance without Redis serves.

use axum::Json;
use axum::extract::State;

use crate::AppState;
use crate::redis::RedisState;

/// The shared limits' state now; asks Redis (`PING`, within `REDIS_TIMEOUT`) unless it
/// was found unreachable less than `RETRY_INTERVAL` ago.
pub async fn redis_state(state: &AppState) -> RedisState {
    match &state.redis {
        Some(redis) => redis.check().await,
        None => RedisState::Off,
    }
}

/// `GET /readyz` → `{"redis": "off" | "connected" | "unreachable"}`.
pub async fn readyz(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "redis": redis_state(&state).await.as_str() }))
}
