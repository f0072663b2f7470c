import CCurl
import Codec

/// The libcurl header list of the last request, kept while the next request sends the same headers: the
/// Runtime API's calls all do, so their list is built once rather than on every invocation.
final class HeaderListCache {
    private var fields: [(name: String, value: String)] = []
    private var list: UnsafeMutablePointer<curl_slist>?

    deinit { curl_slist_free_all(list) }

    /// Valid until the next call; the request's headers plus the ones that switch off libcurl's defaults.
    func list(for headers: [(name: String, value: String)]) -> UnsafeMutablePointer<curl_slist>? {
        if list != nil, fields.elementsEqual(headers, by: { $0.name == $1.name && $0.value == $1.value }) { return list }
        curl_slist_free_all(list)
        var built: UnsafeMutablePointer<curl_slist>? = nil
        for header in headers { built = curl_slist_append(built, "\(header.name): \(header.value)") }
        // No `Expect: 100-continue` round trip before a body, and no default Accept header.
        built = curl_slist_append(built, "Expect:")
        built = curl_slist_append(built, "Accept:")
        // libcurl labels every body it posts as a form unless told otherwise; we never send forms.
        if !headers.contains(where: { ASCII.equalsIgnoringCase($0.name, "Content-Type") }) {
            built = curl_slist_append(built, "Content-Type:")
        }
        list = built
        fields = headers
        return built
    }
}
