from trackii.lib.safemarkdown import render


def test_render_escapes_raw_html():
    assert render('<script>alert(1)</script> <a href="x">y</a>') == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;a href=&quot;x&quot;&gt;y&lt;/a&gt;</p>"
    )


def test_render_headings_lists_and_emphasis():
    source = "# Progress\n\nTrust **grew** in *round 2*.\n\n- one\n- two"

    assert render(source) == (
        "<h3>Progress</h3>\n<p>Trust <strong>grew</strong> in <em>round 2</em>.</p>\n"
        "<ul><li>one</li><li>two</li></ul>"
    )


def test_render_markdown_link_stays_text():
    assert render("[x](javascript:alert(1))") == "<p>[x](javascript:alert(1))</p>"
