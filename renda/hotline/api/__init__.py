"""The 12345 直通车's Ninja routers, one module per part."""
