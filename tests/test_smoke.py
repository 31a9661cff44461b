def test_it_serves_the_home_page(client, db):
    assert client.get("/").status_code == 200
