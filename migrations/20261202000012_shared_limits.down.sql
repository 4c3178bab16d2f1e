DROP TABLE login_devices;
DROP TABLE rate_limits;
