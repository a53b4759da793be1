"""Running the application: the load balancer's health check, request ids in the logs, backups
and locks that keep cron jobs from running twice when several servers start them."""
