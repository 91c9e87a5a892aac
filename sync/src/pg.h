// The libpq helpers the centre-side code shares (uploader.cpp, centre_export.cpp): owning
// handles and one checked PQexec. Internal to sync/; libpq never appears in a public header.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "bordergate/core/result.h"

namespace bordergate::sync::pg {

using Conn = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Res = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The connection's last error message without its trailing newline.
inline std::string errorOf(PGconn* c) {
  std::string m = PQerrorMessage(c);
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// Runs `sql`; an Error unless the result has status `expected`: Io when the connection was
// lost (retry later), Internal otherwise. The message names the statement's first 60 bytes.
inline Result<Res> exec(PGconn* c, const std::string& sql, ExecStatusType expected) {
  Res r(PQexec(c, sql.c_str()), PQclear);
  if (!r || PQresultStatus(r.get()) != expected) {
    const bool lost = PQstatus(c) != CONNECTION_OK;
    return fail(lost ? ErrorCode::Io : ErrorCode::Internal, "centre: " + errorOf(c) + " (in: " + sql.substr(0, 60) + ")");
  }
  return r;
}

}  // namespace bordergate::sync::pg
