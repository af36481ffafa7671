def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: loads PolicyEngine UK's model (about 20 to 40 s); skip with -m 'not slow'"
    )
