#pragma once
/// What a logged-in scan never requests: links and forms that end its session or destroy the
/// application's data (logout, sign-out, reset, delete account, change the scanning user's
/// password). Anonymous scans are not limited by these.
#include "ctc/scanner/crawl/html_links.hpp"
#include "ctc/scanner/fetch/url.hpp"

namespace ctc::scanner {

/// The path or query names a logout or a destructive action ("/logout", "/app/signout.php",
/// "?action=logout", "/reset.php", "/account/delete", "/user/deactivate").
bool endsSessionOrData(const ParsedUrl& url);

/// A form that sets a new password (fields such as "password_new", "new_password",
/// "password_confirm"): submitted with the scan's values it would lock the scanning user out.
bool changesPassword(const HtmlForm& form);

}  // namespace ctc::scanner
