import Crypto
import Foundation

extension SHA256 {
    /// The lowercase hex SHA-256 digest of `data` (fingerprints of models, configurations,
    /// prompt files and recordings).
    public static func hex(_ data: some DataProtocol) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in hash(data: data) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
