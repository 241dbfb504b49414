"""Reports and the moderators' queue (issue 13): members report what breaks the rules, the
moderators act on it in the admin, and every reporter is told the outcome."""
