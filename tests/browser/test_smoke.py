def test_landing_page_loads_everything_from_our_own_server(page, live_server, requested_urls):
    page.goto(live_server.url + "/")

    assert page.get_by_role("link", name="Sign up").first.is_visible()
    page.wait_for_load_state("networkidle")
    fetched = [url for url in requested_urls if not url.startswith(("data:", "blob:"))]
    assert fetched
    assert [url for url in fetched if not url.startswith(live_server.url + "/")] == []
